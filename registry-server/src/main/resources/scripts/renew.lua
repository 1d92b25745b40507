-- ARGV: prefix, maxlen, service, id, status or '', renew lease '1' or '0'
-- returns 'unknown', 'renewed', or 'changed' when the status changed
return renew(ARGV[3], ARGV[4], ARGV[5], ARGV[6] == '1', now())
