package dev.jobs.types.userexport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import dev.jobs.types.export.ExportQuery;
import dev.jobs.types.export.StreamingExport;
import dev.jobs.types.userexport.UserExportPayload.Role;
import dev.jobs.types.userexport.UserExportPayload.Status;

/**
 * {@code USER_EXPORT}: the live (not soft-deleted) rows of the {@code app_user} table that match
 * the payload's filters, ordered by id, as 用户信息 xlsx or csv. Roles and states are shown by
 * their Chinese labels.
 */
class UserExportHandler implements JobHandler<UserExportPayload> {

	static final String TITLE = "用户信息";

	private static final String COLUMNS = "id, username, display_name, email, role, status, created_at, updated_at";

	private final StreamingExport export;

	private final ZoneId zone;

	private final long maxRows;

	UserExportHandler(StreamingExport export, ZoneId zone, long maxRows) {
		this.export = export;
		this.zone = zone;
		this.maxRows = maxRows;
	}

	@Override
	public String type() {
		return UserExport.TYPE.name();
	}

	@Override
	public Class<UserExportPayload> payloadType() {
		return UserExport.TYPE.payloadType();
	}

	@Override
	public void handle(UserExportPayload payload, JobContext context) {
		context.setResult(export.export(context, query(payload), payload.format(), TITLE, maxRows).asJobResult());
	}

	ExportQuery<UserExportRow> query(UserExportPayload payload) {
		StringBuilder where = new StringBuilder(" where not deleted");
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (payload.role() != null) {
			where.append(" and role = :role");
			parameters.put("role", payload.role().name());
		}
		if (payload.status() != null) {
			where.append(" and status = :status");
			parameters.put("status", payload.status().name());
		}
		return new ExportQuery<>(UserExportRow.class, "select count(*) from app_user" + where,
				"select " + COLUMNS + " from app_user" + where + " order by id", parameters, this::map);
	}

	/** By position, in the order of {@link #COLUMNS}. */
	private UserExportRow map(ResultSet rs, int rowNum) throws SQLException {
		return new UserExportRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
				label(rs.getString(5), Role::valueOf, Role::label), label(rs.getString(6), Status::valueOf, Status::label),
				local(rs.getObject(7, OffsetDateTime.class)), local(rs.getObject(8, OffsetDateTime.class)));
	}

	/** The label of a known value; an unknown one (added to the table later) as it is stored. */
	private static <E extends Enum<E>> String label(String stored, Function<String, E> parse, Function<E, String> label) {
		if (stored == null) {
			return null;
		}
		try {
			return label.apply(parse.apply(stored));
		}
		catch (IllegalArgumentException ex) {
			return stored;
		}
	}

	private LocalDateTime local(OffsetDateTime time) {
		return (time != null) ? time.atZoneSameInstant(zone).toLocalDateTime() : null;
	}

}
