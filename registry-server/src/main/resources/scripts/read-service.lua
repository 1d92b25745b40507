-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), service
-- returns revision, then id, status, instance json for each instance: one consistent read
local service = ARGV[2]
local result = { redis.call('GET', key(service, 'rev')) or '0' }
appendInstances(result, service)
return lines(result)
