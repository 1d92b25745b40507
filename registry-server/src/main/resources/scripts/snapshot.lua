-- ARGV: prefix, maxlen (unused), service names (none: every service)
-- returns the change log position, then per service: name, revision, instance count, and
-- id, status, instance json per instance. Read in one script so that the snapshot and the
-- position it is valid at agree; a large catalog is read a chunk of services at a time after
-- snapshot-start.lua, and the position of each chunk is then not used.
local last = redis.call('XREVRANGE', events, '+', '-', 'COUNT', 1)
local result = { last[1] and last[1][1] or '0-0' }
local names = {}
if #ARGV > 2 then
  for i = 3, #ARGV do names[#names + 1] = ARGV[i] end
else
  names = redis.call('HKEYS', services)
end
for _, service in ipairs(names) do
  local entries = redis.call('HGETALL', key(service, 'instances'))
  local statuses = key(service, 'status')
  result[#result + 1] = service
  result[#result + 1] = redis.call('GET', key(service, 'rev')) or '0'
  result[#result + 1] = tostring(#entries / 2)
  for i = 1, #entries, 2 do
    result[#result + 1] = entries[i]
    result[#result + 1] = redis.call('HGET', statuses, entries[i]) or 'UNKNOWN'
    result[#result + 1] = entries[i + 1]
  end
end
return lines(result)
