-- SPDX-License-Identifier: MIT
-- Shared by the workload scripts: POST /RPC2 with a fixed XML-RPC body (built once), and
-- a done() that prints one machine-readable line for bench/run.sh.
local M = {}

function M.setup(body)
  wrk.method = "POST"
  wrk.path = "/RPC2"
  wrk.headers["Content-Type"] = "text/xml"
  wrk.body = '<?xml version="1.0"?>\n' .. body
end

function M.call(method, params)
  local parts = {"<methodCall><methodName>", method, "</methodName><params>"}
  for _, p in ipairs(params) do
    parts[#parts + 1] = "<param><value>" .. p .. "</value></param>"
  end
  parts[#parts + 1] = "</params></methodCall>\n"
  return table.concat(parts)
end

function M.done(summary, latency, _requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, secs, summary.requests / secs, latency:percentile(50),
    latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end

return M
