package dev.jobs.core.result;

/**
 * The {@code file} entry of a job's result: what a handler that produces a file sets with
 * {@code context.setResult(Map.of("file", new ResultFile(...), ...))}. The REST API then shows a
 * {@code download} link and serves the file at {@code GET /api/jobs/{id}/result} under
 * {@code name} with {@code contentType}.
 *
 * @param name the file name offered to the user, e.g. {@code 员工信息_20261128_101500.xlsx};
 * only shown, never used as a path
 * @param contentType the media type, e.g. {@code text/csv;charset=UTF-8}
 * @param size the size in bytes
 * @param rows data rows in the file, for tabular results; {@code null} otherwise
 */
public record ResultFile(String name, String contentType, long size, Long rows) {

	public ResultFile {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("A result file needs a name to offer for download");
		}
		if (contentType == null || contentType.isBlank()) {
			throw new IllegalArgumentException("A result file needs a content type");
		}
	}

}
