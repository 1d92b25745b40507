-- ARGV: prefix, maxlen, service, id
-- returns "unknown", or "removed revision event-id"
local removed = remove('deregister', ARGV[3], ARGV[4])
if not removed then
  return 'unknown'
end
return 'removed ' .. removed
