-- KEYS[1]: the partition's base key; ARGV: maxlen, service, id, status or '', renew lease '1' or '0'
-- returns 'unknown', 'renewed', or 'changed' when the status changed
return renew(ARGV[2], ARGV[3], heartbeatStatus(ARGV[2], ARGV[3], ARGV[4]), ARGV[5] == '1', now())
