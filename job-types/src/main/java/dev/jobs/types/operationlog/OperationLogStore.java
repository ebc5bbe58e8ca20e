package dev.jobs.types.operationlog;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.jobs.core.PlatformSchema;
import dev.jobs.types.operationlog.OperationLogEntry.Change;
import dev.jobs.types.operationlog.OperationLogEntry.Outcome;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Every SQL statement on {@code operation_log}: the idempotent batch insert and the search. */
class OperationLogStore {

	private static final String[] COLUMNS = { "id", "occurred_at", "username", "action", "target", "message",
			"outcome", "error_type", "error_message", "duration_ms", "client_ip", "user_agent", "http_method", "path",
			"correlation_id", "arguments", "diff", "trace_id" };

	private static final String[] CASTS = { "uuid", "timestamptz", "text", "text", "text", "text", "text", "text",
			"text", "bigint", "text", "text", "text", "text", "text", "jsonb", "jsonb", "text" };

	/** One statement per batch: arrays per column, unnested; an id already there inserts nothing. */
	private static final String INSERT;

	static {
		StringBuilder select = new StringBuilder();
		StringBuilder arrays = new StringBuilder();
		for (int i = 0; i < COLUMNS.length; i++) {
			select.append(i > 0 ? ", " : "").append(COLUMNS[i]).append("::").append(CASTS[i]);
			arrays.append(i > 0 ? ", " : "").append("?::text[]");
		}
		INSERT = "INSERT INTO {jobs}.operation_log (" + String.join(", ", COLUMNS) + ") SELECT " + select + " FROM unnest("
				+ arrays + ") AS e(" + String.join(", ", COLUMNS) + ") ON CONFLICT (id) DO NOTHING";
	}

	private static final TypeReference<List<Change>> CHANGES = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final JdbcClient client;

	private final JsonMapper json;

	private final String insert;

	OperationLogStore(JdbcTemplate jdbc, PlatformSchema schema, JsonMapper json) {
		this.jdbc = jdbc;
		this.client = schema.jdbcClient(jdbc);
		this.json = json;
		this.insert = schema.sql(INSERT);
	}

	/** @return the entries inserted; those already present (a redelivery) are not counted */
	int insert(List<OperationLogEntry> entries) {
		if (entries.isEmpty()) {
			return 0;
		}
		String[][] columns = new String[COLUMNS.length][entries.size()];
		for (int row = 0; row < entries.size(); row++) {
			OperationLogEntry e = entries.get(row);
			String[] values = { e.id().toString(), e.occurredAt().toString(), e.username(), e.action(), e.target(),
					e.message(), e.outcome().name(), e.errorType(), e.errorMessage(), Long.toString(e.durationMs()),
					e.clientIp(), e.userAgent(), e.httpMethod(), e.path(), e.correlationId(),
					(e.arguments() != null) ? json.writeValueAsString(e.arguments()) : null,
					(e.diff() != null) ? json.writeValueAsString(e.diff()) : null, e.traceId() };
			for (int column = 0; column < values.length; column++) {
				columns[column][row] = values[column];
			}
		}
		Integer inserted = jdbc.execute((ConnectionCallback<Integer>) connection -> {
			try (PreparedStatement statement = connection.prepareStatement(insert)) {
				List<Array> arrays = new ArrayList<>();
				for (int column = 0; column < COLUMNS.length; column++) {
					Array array = connection.createArrayOf("text", columns[column]);
					arrays.add(array);
					statement.setArray(column + 1, array);
				}
				int count = statement.executeUpdate();
				for (Array array : arrays) {
					array.free();
				}
				return count;
			}
		});
		return (inserted != null) ? inserted : 0;
	}

	/** The filters of GET /api/operation-logs; null means "any". */
	record Filter(String user, String action, String target, Outcome outcome, Instant from, Instant to, String text) {
	}

	/** One page, newest first; {@code hasMore} instead of a count, which would scan the whole log. */
	record Page(List<OperationLogEntry> items, int page, int size, boolean hasMore) {
	}

	Page search(Filter filter, int page, int size) {
		StringBuilder sql = new StringBuilder("SELECT * FROM {jobs}.operation_log WHERE true");
		Map<String, Object> params = new LinkedHashMap<>();
		if (filter.user() != null) {
			sql.append(" AND username = :user");
			params.put("user", filter.user());
		}
		if (filter.action() != null) {
			sql.append(" AND action = :action");
			params.put("action", filter.action());
		}
		if (filter.target() != null) {
			sql.append(" AND target = :target");
			params.put("target", filter.target());
		}
		if (filter.outcome() != null) {
			sql.append(" AND outcome = :outcome");
			params.put("outcome", filter.outcome().name());
		}
		if (filter.from() != null) {
			sql.append(" AND occurred_at >= :from");
			params.put("from", Timestamp.from(filter.from()));
		}
		if (filter.to() != null) {
			sql.append(" AND occurred_at < :to");
			params.put("to", Timestamp.from(filter.to()));
		}
		if (filter.text() != null) {
			sql.append(" AND message ILIKE :text ESCAPE '\\'");
			params.put("text", "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
		}
		sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset");
		params.put("limit", size + 1);
		params.put("offset", (long) page * size);
		List<OperationLogEntry> rows = client.sql(sql.toString()).params(params).query((rs, n) -> map(rs)).list();
		boolean more = rows.size() > size;
		return new Page(more ? rows.subList(0, size) : rows, page, size, more);
	}

	/** One entry by id. */
	java.util.Optional<OperationLogEntry> find(UUID id) {
		return client.sql("SELECT * FROM {jobs}.operation_log WHERE id = ?").param(id).query((rs, n) -> map(rs)).optional();
	}

	/** For tests and operators: how many entries carry this id (0 or 1). */
	int countById(UUID id) {
		return client.sql("SELECT count(*) FROM {jobs}.operation_log WHERE id = ?").param(id).query(Integer.class).single();
	}

	private OperationLogEntry map(ResultSet rs) throws SQLException {
		String arguments = rs.getString("arguments");
		String diff = rs.getString("diff");
		return new OperationLogEntry(rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
				rs.getString("username"), rs.getString("action"), rs.getString("target"), rs.getString("message"),
				Outcome.valueOf(rs.getString("outcome")), rs.getString("error_type"), rs.getString("error_message"),
				rs.getLong("duration_ms"), rs.getString("client_ip"), rs.getString("user_agent"),
				rs.getString("http_method"), rs.getString("path"), rs.getString("correlation_id"),
				(arguments != null) ? json.readTree(arguments) : null,
				(diff != null) ? json.readValue(diff, CHANGES) : null, rs.getString("trace_id"));
	}


}
