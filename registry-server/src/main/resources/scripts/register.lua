-- KEYS[1]: the partition's base key; ARGV: maxlen, service, id, instance json, status, ttl ms,
-- the health check's interval ms or '' for none
-- returns { 'created' | 'replaced', revision }, or { 'unchanged', revision } when only the lease moved
local service, id, instance, status, ttl, checkInterval = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local instances, statuses = key(service, 'instances'), key(service, 'status')
local member = service .. '/' .. id
local time = now()

redis.call('ZADD', leases, time + tonumber(ttl), member)
redis.call('HSET', key(service, 'ttl'), id, ttl)
-- when the instance registered: kept while it stays registered, whatever it re-registers with
redis.call('HSETNX', key(service, 'since'), id, time)
if checkInterval ~= '' then
  -- a new check is due at once; a registration repeated keeps its check's turn
  redis.call('ZADD', checks, 'NX', time, member)
  redis.call('HSET', checkIntervals, member, checkInterval)
else
  removeCheck(member)
end

local previous = redis.call('HGET', instances, id)
local previousStatus = redis.call('HGET', statuses, id)
if previous == instance and previousStatus == status then
  return { 'unchanged', redis.call('GET', key(service, 'rev')) or '0' }
end

redis.call('HSET', instances, id, instance)
-- a changed registration starts its check's count again
redis.call('HDEL', checkStates, member)
redis.call('HSET', statuses, id, status)
if not previous then
  redis.call('HINCRBY', services, service, 1)
end
adjustUp(service, previousStatus, status)
return { previous and 'replaced' or 'created', tostring(record('register', service, id, status, instance)) }
