-- A reason and a type together seek their own rows (issue 14): on deliveries_reason_idx a rare pair with
-- no match checked every row of the reason for its type, which grew with the history (db/schema.ts).
CREATE INDEX `deliveries_reason_type_idx` ON `deliveries` (`reason`,`type`,`id`) WHERE "deliveries"."reason" is not null;
