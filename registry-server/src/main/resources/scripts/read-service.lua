-- ARGV: prefix, maxlen (unused), service
-- returns revision, then id, status, instance json for each instance: one consistent read
local service = ARGV[3]
local result = { redis.call('GET', key(service, 'rev')) or '0' }
local statuses = key(service, 'status')
local entries = redis.call('HGETALL', key(service, 'instances'))
for i = 1, #entries, 2 do
  result[#result + 1] = entries[i]
  result[#result + 1] = redis.call('HGET', statuses, entries[i]) or 'UNKNOWN'
  result[#result + 1] = entries[i + 1]
end
return lines(result)
