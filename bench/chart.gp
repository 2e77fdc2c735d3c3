# SPDX-License-Identifier: MIT
# Bar chart of one bench/run.sh run: req/s per server per workload (log scale).
#   gnuplot -e "datafile='chart.dat'; outfile='performance.png'" chart.gp
set terminal pngcairo size 1000,520 font ",10"
set output outfile
set title "XML-RPC servers: requests/s by workload (wrk -t1, server pinned to one core)"
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set logscale y
set yrange [1:*]
set ylabel "requests / s (log scale)"
set grid ytics
set key top right
set xtics nomirror
plot for [i=2:*] datafile using i:xtic(1) title columnheader(i)
