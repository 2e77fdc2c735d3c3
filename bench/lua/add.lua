-- SPDX-License-Identifier: MIT
-- add(2, 3)
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local c = dofile(dir .. "common.lua")
c.setup(c.call("add", {"<int>2</int>", "<int>3</int>"}))
done = c.done
