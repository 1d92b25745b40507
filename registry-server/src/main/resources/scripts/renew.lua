-- ARGV: prefix, maxlen, service, id, status or '', renew lease '1' or '0'
-- returns "unknown", "renewed", or "changed revision event-id" when the status changed
local service, id, status, renewLease = ARGV[3], ARGV[4], ARGV[5], ARGV[6]

local ttl = redis.call('HGET', key(service, 'ttl'), id)
if not ttl then
  return 'unknown'
end
if renewLease == '1' then
  redis.call('ZADD', leases, now() + tonumber(ttl), service .. '/' .. id)
end
if status == '' then
  return 'renewed'
end
local statuses = key(service, 'status')
local previousStatus = redis.call('HGET', statuses, id)
if previousStatus == status then
  return 'renewed'
end
redis.call('HSET', statuses, id, status)
adjustUp(service, previousStatus, status)
local instance = redis.call('HGET', key(service, 'instances'), id)
return 'changed ' .. record('status', service, id, status, instance)
