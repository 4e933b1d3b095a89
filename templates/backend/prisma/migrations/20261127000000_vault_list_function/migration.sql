-- The list query as a PL/pgSQL function: PL/pgSQL keeps the plan of its query for the connection's life (a
-- generic plan after the first few calls), where an unnamed statement is parsed and planned again on every call.
-- Planning this join was most of the database's CPU per list (pgbench: ~2x the calls per second); named prepared
-- statements would do the same but break behind PgBouncer's transaction pooling before 1.21. The timestamps are
-- formatted as JSON.stringify writes a Date (stored without a time zone, in UTC, with millisecond precision).
CREATE FUNCTION "vault_items_list"(p_user_id TEXT, p_limit INTEGER, p_offset INTEGER, p_type TEXT)
RETURNS TABLE (
    "id" TEXT, "type" TEXT, "title" TEXT, "content" TEXT, "thumbnailUrl" TEXT, "mediaUrl" TEXT, "emotionCategory" TEXT,
    "importanceScore" INTEGER, "keywords" TEXT[], "scheduledDelivery" TEXT, "createdAt" TEXT, "updatedAt" TEXT
)
LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT i."id", i."type", i."title", i."content", i."thumbnailUrl", i."mediaUrl", i."emotionCategory",
        i."importanceScore", i."keywords",
        to_char(i."scheduledDelivery", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        to_char(i."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        to_char(i."updatedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM "VaultItem" i JOIN "Vault" v ON v."id" = i."vaultId"
    WHERE v."userId" = p_user_id AND (p_type IS NULL OR i."type" = p_type)
    ORDER BY i."createdAt" DESC
    LIMIT p_limit OFFSET p_offset;
END
$$;
