package dev.jobs.types.export;

import com.alibaba.excel.support.ExcelTypeEnum;

/** The file formats an export can produce. */
public enum ExportFormat {

	/** Excel 2007+ workbook; more rows than a sheet holds continue on further sheets. */
	XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ExcelTypeEnum.XLSX),

	/** UTF-8 with a byte order mark, so that Excel shows Chinese text correctly; one table, no row limit. */
	CSV("csv", "text/csv;charset=UTF-8", ExcelTypeEnum.CSV);

	private final String extension;

	private final String contentType;

	private final ExcelTypeEnum excelType;

	ExportFormat(String extension, String contentType, ExcelTypeEnum excelType) {
		this.extension = extension;
		this.contentType = contentType;
		this.excelType = excelType;
	}

	public String extension() {
		return extension;
	}

	public String contentType() {
		return contentType;
	}

	ExcelTypeEnum excelType() {
		return excelType;
	}

}
