-- Issue 19.8: who holds stock. Each hold records the client it was made for (the throttle key
-- of its IP: the address, or the /64 for IPv6; NULL for holds made before this migration or
-- without a known client), so the units held from one network can be capped
-- (HOLD_MAX_UNITS_PER_IP). Twin of migrations/sqlite/0010_hold_client.sql.
ALTER TABLE inventory_reservations ADD COLUMN client_key TEXT;
CREATE INDEX idx_inventory_reservations_client_key_status ON inventory_reservations (client_key, status);
