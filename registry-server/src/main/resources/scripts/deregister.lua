-- KEYS[1]: the partition's base key; ARGV: maxlen, service, id
-- returns { revision } after the removal, or an empty table when the instance was unknown
local revision = remove('deregister', ARGV[2], ARGV[3])
if not revision then
  return {}
end
return { tostring(revision) }
