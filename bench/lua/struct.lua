-- SPDX-License-Identifier: MIT
-- echo of one 10-member struct (ints, strings and doubles, like codec_bench's call document)
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")
local m = {"<struct>"}
for i = 0, 9 do
  local v
  if i % 3 == 0 then
    v = "<int>" .. (i * 1000) .. "</int>"
  elseif i % 3 == 1 then
    v = "<string>value number " .. i .. "</string>"
  else
    v = "<double>" .. string.format("%.1f", i * 1.5) .. "</double>"
  end
  m[#m + 1] = "<member><name>field" .. i .. "</name><value>" .. v .. "</value></member>"
end
m[#m + 1] = "</struct>"
c.setup(c.call("echo", {table.concat(m)}))
done = c.done
