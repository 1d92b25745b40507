-- KEYS[1]: the partition's base key; ARGV: maxlen, then service, id, status or '' for each heartbeat of the batch
-- returns a table of one outcome per heartbeat, in order, as renew.lua gives it; every lease
-- is renewed against one reading of Redis's clock
local time = now()
local replies = {}
for i = 2, #ARGV, 3 do
  replies[#replies + 1] = renew(ARGV[i], ARGV[i + 1], heartbeatStatus(ARGV[i], ARGV[i + 1], ARGV[i + 2]), true, time)
end
return replies
