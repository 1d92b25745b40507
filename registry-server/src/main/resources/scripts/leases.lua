-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), service
-- returns Redis's time (ms), then for each instance its id, its lease's end and when it
-- registered (ms on Redis's clock, '' for unknown): the dashboard shows how long each lease has
-- left and since when each instance is registered, which no change event reports
local service = ARGV[2]
local since = key(service, 'since')
local result = { tostring(now()) }
for _, id in ipairs(redis.call('HKEYS', key(service, 'instances'))) do
  result[#result + 1] = id
  result[#result + 1] = redis.call('ZSCORE', leases, service .. '/' .. id) or ''
  result[#result + 1] = redis.call('HGET', since, id) or ''
end
return result
