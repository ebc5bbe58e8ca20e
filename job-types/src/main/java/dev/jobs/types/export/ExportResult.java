package dev.jobs.types.export;

import dev.jobs.core.result.ResultFile;

/**
 * A finished export.
 *
 * @param file the stored file, as the job's {@code result.file}
 * @param sheets sheets in the file (1 for CSV)
 */
public record ExportResult(ResultFile file, int sheets) {

	public long rows() {
		return file.rows();
	}

}
