-- The list query as a PL/pgSQL function returning the page as a JSON array (text).
-- - PL/pgSQL keeps the plan of its query for the connection's life (a generic plan after the first few calls),
--   where an unnamed statement is parsed and planned again on every call: planning this join was most of the
--   database's CPU per list (pgbench: ~2x the calls per second). Named prepared statements would do the same but
--   break behind PgBouncer's transaction pooling before 1.21.
-- - The rows leave as one JSON text that the app sends as it is: no 240 fields for the driver to parse into
--   objects and the app to serialise again. row_to_json writes what JSON.stringify writes for these columns (the
--   same keys in the same order, the same escapes); the timestamps are formatted as JSON.stringify writes a Date
--   (stored without a time zone, in UTC, with millisecond precision), so they sort as text in time order.
CREATE FUNCTION "vault_items_list"(p_user_id TEXT, p_limit INTEGER, p_offset INTEGER, p_type TEXT)
RETURNS TEXT
LANGUAGE plpgsql STABLE AS $$
DECLARE
    page TEXT;
BEGIN
    SELECT '[' || COALESCE(string_agg(row_to_json(t)::TEXT, ',' ORDER BY t."createdAt" COLLATE "C" DESC), '') || ']'
    INTO page
    FROM (
        SELECT i."id", i."type", i."title", i."content", i."thumbnailUrl", i."mediaUrl", i."emotionCategory",
            i."importanceScore", i."keywords",
            to_char(i."scheduledDelivery", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "scheduledDelivery",
            to_char(i."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
            to_char(i."updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt"
        FROM "VaultItem" i JOIN "Vault" v ON v."id" = i."vaultId"
        WHERE v."userId" = p_user_id AND (p_type IS NULL OR i."type" = p_type)
        ORDER BY i."createdAt" DESC
        LIMIT p_limit OFFSET p_offset
    ) t;
    RETURN page;
END
$$;
