package dev.jobs.types.employeeexport;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.jobs.core.JobContext;
import dev.jobs.core.JobHandler;
import dev.jobs.types.export.ExportQuery;
import dev.jobs.types.export.StreamingExport;

/**
 * {@code EMPLOYEE_EXPORT}: the live (not soft-deleted) rows of the {@code employee} table that
 * match the payload's filters, ordered by id, as 员工信息 xlsx or csv.
 */
class EmployeeExportHandler implements JobHandler<EmployeeExportPayload> {

	static final String TITLE = "员工信息";

	private static final String COLUMNS = "id, name, gender, age, department, position, hire_date, salary, avatar, "
			+ "created_at, updated_at";

	private final StreamingExport export;

	private final ZoneId zone;

	private final long maxRows;

	EmployeeExportHandler(StreamingExport export, ZoneId zone, long maxRows) {
		this.export = export;
		this.zone = zone;
		this.maxRows = maxRows;
	}

	@Override
	public String type() {
		return EmployeeExport.TYPE.name();
	}

	@Override
	public Class<EmployeeExportPayload> payloadType() {
		return EmployeeExport.TYPE.payloadType();
	}

	@Override
	public void handle(EmployeeExportPayload payload, JobContext context) {
		context.setResult(export.export(context, query(payload), payload.format(), TITLE, maxRows).asJobResult());
	}

	/** Filters are fixed SQL fragments with bound values; nothing from the payload becomes SQL text. */
	ExportQuery<EmployeeExportRow> query(EmployeeExportPayload payload) {
		StringBuilder where = new StringBuilder(" where not deleted");
		Map<String, Object> parameters = new LinkedHashMap<>();
		if (payload.department() != null) {
			where.append(" and department = :department");
			parameters.put("department", payload.department());
		}
		if (payload.position() != null) {
			where.append(" and position = :position");
			parameters.put("position", payload.position());
		}
		if (payload.hiredFrom() != null) {
			where.append(" and hire_date >= :hiredFrom");
			parameters.put("hiredFrom", payload.hiredFrom());
		}
		if (payload.hiredTo() != null) {
			where.append(" and hire_date <= :hiredTo");
			parameters.put("hiredTo", payload.hiredTo());
		}
		return new ExportQuery<>(EmployeeExportRow.class, "select count(*) from employee" + where,
				"select " + COLUMNS + " from employee" + where + " order by id", parameters, this::map);
	}

	/** By position, in the order of {@link #COLUMNS}: a name lookup per cell adds up over a million rows. */
	private EmployeeExportRow map(ResultSet rs, int rowNum) throws SQLException {
		return new EmployeeExportRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, Integer.class),
				rs.getString(5), rs.getString(6), rs.getObject(7, LocalDate.class), rs.getBigDecimal(8), rs.getString(9),
				local(rs.getObject(10, OffsetDateTime.class)), local(rs.getObject(11, OffsetDateTime.class)));
	}

	private LocalDateTime local(OffsetDateTime time) {
		return (time != null) ? time.atZoneSameInstant(zone).toLocalDateTime() : null;
	}

}
