-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), most checks to claim
-- claims the partition's due health checks: each one's next turn moves to now plus its interval,
-- so that no other registry server takes it within this interval; a server that dies holding it
-- leaves it due again at that turn. Returns, per claimed check: service, id, the stored
-- registration, and how late it was claimed in ms.
local limit = tonumber(ARGV[2])
local time = now()
local due = redis.call('ZRANGEBYSCORE', checks, '-inf', time, 'WITHSCORES', 'LIMIT', 0, limit)
local reply = {}
for i = 1, #due, 2 do
  local member = due[i]
  local slash = string.find(member, '/', 1, true)
  local service, id = string.sub(member, 1, slash - 1), string.sub(member, slash + 1)
  local instance = redis.call('HGET', key(service, 'instances'), id)
  local interval = tonumber(redis.call('HGET', checkIntervals, member) or '0')
  if not instance or interval == 0 then
    removeCheck(member)
  else
    redis.call('ZADD', checks, time + interval, member)
    reply[#reply + 1] = service
    reply[#reply + 1] = id
    reply[#reply + 1] = instance
    reply[#reply + 1] = tostring(time - tonumber(due[i + 1]))
  end
end
return reply
