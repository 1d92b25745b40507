-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), service names (none: every service)
-- returns the change log position, then per service: name, revision, instance count, and
-- id, status, instance json per instance. Read in one script so that the snapshot and the
-- position it is valid at agree; a large catalog is read a chunk of services at a time after
-- snapshot-start.lua, and the position of each chunk is then not used.
local last = redis.call('XREVRANGE', events, '+', '-', 'COUNT', 1)
local result = { last[1] and last[1][1] or '0-0' }
local names = {}
if #ARGV > 1 then
  for i = 2, #ARGV do names[#names + 1] = ARGV[i] end
else
  names = redis.call('HKEYS', services)
end
for _, service in ipairs(names) do
  result[#result + 1] = service
  result[#result + 1] = redis.call('GET', key(service, 'rev')) or '0'
  local countAt = #result + 1
  result[countAt] = '0'
  result[countAt] = tostring(appendInstances(result, service))
end
return lines(result)
