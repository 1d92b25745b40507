-- KEYS[1]: the partition's base key; ARGV: maxlen, service, id, instance json, status, ttl ms
-- returns { 'created' | 'replaced', revision }, or { 'unchanged', revision } when only the lease moved
local service, id, instance, status, ttl = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local instances, statuses = key(service, 'instances'), key(service, 'status')

redis.call('ZADD', leases, now() + tonumber(ttl), service .. '/' .. id)
redis.call('HSET', key(service, 'ttl'), id, ttl)

local previous = redis.call('HGET', instances, id)
local previousStatus = redis.call('HGET', statuses, id)
if previous == instance and previousStatus == status then
  return { 'unchanged', redis.call('GET', key(service, 'rev')) or '0' }
end

redis.call('HSET', instances, id, instance)
redis.call('HSET', statuses, id, status)
if not previous then
  redis.call('HINCRBY', services, service, 1)
end
adjustUp(service, previousStatus, status)
return { previous and 'replaced' or 'created', tostring(record('register', service, id, status, instance)) }
