-- ARGV: prefix, maxlen, service, id
-- returns { revision } after the removal, or an empty table when the instance was unknown
local revision = remove('deregister', ARGV[3], ARGV[4])
if not revision then
  return {}
end
return { tostring(revision) }
