package dev.jobs.types.export;

import java.util.Map;

import org.springframework.jdbc.core.RowMapper;

/**
 * What an export reads: a count and a select over the same filter, with named parameters.
 *
 * @param rowType the EasyExcel model: its {@code @ExcelProperty} headers, widths and formats
 * @param countSql counts the rows {@code selectSql} returns, for progress
 * @param selectSql the rows, in file order
 * @param parameters values of the named parameters of both statements
 * @param mapper one result row to one file row
 * @param <R> the row type
 */
public record ExportQuery<R>(Class<R> rowType, String countSql, String selectSql, Map<String, ?> parameters,
		RowMapper<R> mapper) {

	public ExportQuery {
		parameters = Map.copyOf(parameters);
	}

}
