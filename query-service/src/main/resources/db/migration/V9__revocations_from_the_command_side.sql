-- A reporter's revocation is read from the command side's reporter_lookup (written in the revocation's own
-- transaction), as staff tokens' revocations are: this service's copy, and the processor that kept it, are gone.
DROP TABLE revoked_reporter;
DELETE FROM tokenentry WHERE processorname = 'reporters';
