-- KEYS[1]: the partition's base key; ARGV: maxlen (unused), service names (none: every service)
-- returns the change log position, then the names of the services to read: a snapshot that is
-- read in chunks is valid from this position, which is read together with the names, so that
-- no service created after it can be missing from both the chunks and the events after it
local last = redis.call('XREVRANGE', events, '+', '-', 'COUNT', 1)
local result = { last[1] and last[1][1] or '0-0' }
if #ARGV > 1 then
  for i = 2, #ARGV do result[#result + 1] = ARGV[i] end
else
  for _, service in ipairs(redis.call('HKEYS', services)) do result[#result + 1] = service end
end
return lines(result)
