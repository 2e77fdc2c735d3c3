-- SPDX-License-Identifier: MIT
-- echo of an array of 10,000 ints
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")
local a = {"<array><data>"}
for i = 0, 9999 do
  a[#a + 1] = "<value><int>" .. (i * 7919 % 1000003) .. "</int></value>"
end
a[#a + 1] = "</data></array>"
c.setup(c.call("echo", {table.concat(a)}))
done = c.done
