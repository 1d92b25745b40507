-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), service
-- returns Redis's time (ms), then the id and lease end (ms on Redis's clock, '' for none) of each
-- instance: the dashboard shows how long each lease has left, which no change event reports
local service = ARGV[2]
local result = { tostring(now()) }
for _, id in ipairs(redis.call('HKEYS', key(service, 'instances'))) do
  result[#result + 1] = id
  result[#result + 1] = redis.call('ZSCORE', leases, service .. '/' .. id) or ''
end
return result
