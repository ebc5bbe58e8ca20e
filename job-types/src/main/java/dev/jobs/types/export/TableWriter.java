package dev.jobs.types.export;

import java.io.OutputStream;
import java.util.List;

import com.alibaba.excel.EasyExcel;
import com.alibaba.excel.ExcelWriter;
import com.alibaba.excel.enums.CellDataTypeEnum;
import com.alibaba.excel.metadata.data.WriteCellData;
import com.alibaba.excel.write.builder.ExcelWriterBuilder;
import com.alibaba.excel.write.handler.CellWriteHandler;
import com.alibaba.excel.write.handler.SheetWriteHandler;
import com.alibaba.excel.write.handler.context.CellWriteHandlerContext;
import com.alibaba.excel.write.metadata.WriteSheet;
import com.alibaba.excel.write.metadata.holder.WriteSheetHolder;
import com.alibaba.excel.write.metadata.holder.WriteWorkbookHolder;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Writes batches of rows to one EasyExcel file and starts a new sheet, with its own header, when
 * an xlsx sheet is full. EasyExcel writes xlsx through POI's streaming workbook, so only a small
 * window of rows is ever held in memory whatever the file's size.
 *
 * <p>Close without {@link #finish()} (a failed or cancelled export) to drop the workbook's
 * temporary files without writing anything more.
 */
final class TableWriter<R> implements AutoCloseable {

	private final ExcelWriter writer;

	private final ExportFormat format;

	private final String sheetName;

	private final int maxRowsPerSheet;

	private WriteSheet sheet;

	private int sheets;

	private long rowsInSheet;

	private boolean finished;

	TableWriter(OutputStream out, Class<R> rowType, ExportFormat format, String sheetName, int maxRowsPerSheet) {
		if (maxRowsPerSheet < 1 || maxRowsPerSheet > ExportProperties.XLSX_MAX_DATA_ROWS) {
			throw new IllegalArgumentException("jobs.exports.max-rows-per-sheet must be 1 to "
					+ ExportProperties.XLSX_MAX_DATA_ROWS + "; it is " + maxRowsPerSheet);
		}
		this.format = format;
		this.sheetName = sheetName;
		this.maxRowsPerSheet = maxRowsPerSheet;
		this.writer = builder(out, rowType, format).build();
	}

	/**
	 * The writer every export uses; public through {@link StreamingExport#writerBuilder} so that a
	 * benchmark can compare against EasyExcel with exactly the same settings.
	 */
	static ExcelWriterBuilder builder(OutputStream out, Class<?> rowType, ExportFormat format) {
		ExcelWriterBuilder builder = EasyExcel.write(out, rowType).excelType(format.excelType()).autoCloseStream(false);
		if (format == ExportFormat.XLSX) {
			builder.registerWriteHandler(new FreezeHeader());
		}
		else {
			builder.registerWriteHandler(new NeutraliseFormulas());
		}
		return builder;
	}

	void write(List<R> rows) {
		int offset = 0;
		while (offset < rows.size()) {
			// A CSV file has no sheets and no row limit; a second "sheet" would start a second file in the same stream.
			if (sheet == null || (format == ExportFormat.XLSX && rowsInSheet == maxRowsPerSheet)) {
				nextSheet();
			}
			int room = (format == ExportFormat.XLSX) ? (int) Math.min(Integer.MAX_VALUE, maxRowsPerSheet - rowsInSheet)
					: Integer.MAX_VALUE;
			int n = Math.min(rows.size() - offset, room);
			writer.write((offset == 0 && n == rows.size()) ? rows : rows.subList(offset, offset + n), sheet);
			rowsInSheet += n;
			offset += n;
		}
	}

	private void nextSheet() {
		sheets++;
		String name = (sheets == 1) ? sheetName : sheetName + "_" + sheets;
		sheet = EasyExcel.writerSheet(sheets - 1, name).build();
		rowsInSheet = 0;
	}

	/** Completes the file; an export without rows still gets its header. */
	void finish() {
		if (sheet == null) {
			nextSheet();
			writer.write(List.of(), sheet);
		}
		finished = true;
		writer.finish();
	}

	int sheets() {
		return Math.max(sheets, 1);
	}

	@Override
	public void close() {
		if (!finished) {
			finished = true;
			// Dispose first: EasyExcel 4.0.3 closes the sheets' temporary files before it disposes
			// them, so POI fails to flush and never deletes them.
			if (writer.writeContext().writeWorkbookHolder().getWorkbook() instanceof SXSSFWorkbook streaming) {
				streaming.dispose();
			}
			writer.writeContext().finish(true);
		}
	}

	/**
	 * A CSV cell starting with =, +, -, @, tab or carriage return runs as a formula when Excel
	 * opens the file (CSV injection); a leading single quote makes it text. Plain signed numbers
	 * stay as they are. XLSX cells are typed as strings and need nothing.
	 */
	static final class NeutraliseFormulas implements CellWriteHandler {

		@Override
		public void afterCellDataConverted(CellWriteHandlerContext context) {
			WriteCellData<?> cell = context.getFirstCellData();
			if (!Boolean.TRUE.equals(context.getHead()) && cell != null && cell.getType() == CellDataTypeEnum.STRING
					&& cell.getStringValue() != null) {
				cell.setStringValue(neutralise(cell.getStringValue()));
			}
		}

		/** A signed number (a formatted salary of -5.00) is read by Excel as a number, not a formula. */
		private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+-]?\\d+(\\.\\d+)?");

		static String neutralise(String value) {
			if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !NUMBER.matcher(value).matches()) {
				return "'" + value;
			}
			return value;
		}

	}

	/** Keeps the header in view while scrolling. */
	private static final class FreezeHeader implements SheetWriteHandler {

		@Override
		public void afterSheetCreate(WriteWorkbookHolder workbook, WriteSheetHolder sheet) {
			sheet.getSheet().createFreezePane(0, 1);
		}

	}

}
