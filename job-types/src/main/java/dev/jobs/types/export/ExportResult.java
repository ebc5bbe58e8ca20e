package dev.jobs.types.export;

import java.util.LinkedHashMap;
import java.util.Map;

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

	/** What an export job stores as its result: {@code file} (the download's reference), {@code rows}, {@code sheets}. */
	public Map<String, Object> asJobResult() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("file", file);
		result.put("rows", rows());
		result.put("sheets", sheets);
		return result;
	}

}
