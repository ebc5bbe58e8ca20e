package dev.jobs.app;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.alibaba.excel.EasyExcel;
import com.alibaba.excel.ExcelReader;
import com.alibaba.excel.context.AnalysisContext;
import com.alibaba.excel.metadata.data.ReadCellData;
import com.alibaba.excel.read.listener.ReadListener;
import com.alibaba.excel.read.metadata.ReadSheet;
import com.alibaba.excel.support.ExcelTypeEnum;

/** Reads exported files back with EasyExcel, as formatted text. */
public final class Spreadsheets {

	private Spreadsheets() {
	}

	/** A sheet: its header, then its data rows, each a list of cell texts. */
	public record Sheet(String name, List<String> header, List<List<String>> rows) {

		public List<String> column(int index) {
			return rows.stream().map(r -> r.get(index)).toList();
		}

	}

	public static List<Sheet> readXlsx(byte[] file) {
		List<ReadSheet> sheets;
		try (ExcelReader reader = EasyExcel.read(new ByteArrayInputStream(file)).excelType(ExcelTypeEnum.XLSX).build()) {
			sheets = reader.excelExecutor().sheetList();
		}
		List<Sheet> result = new ArrayList<>();
		for (ReadSheet sheet : sheets) {
			Collector collector = new Collector();
			EasyExcel.read(new ByteArrayInputStream(file), collector)
				.excelType(ExcelTypeEnum.XLSX)
				.sheet(sheet.getSheetNo())
				.doRead();
			result.add(new Sheet(sheet.getSheetName(), collector.header, collector.rows));
		}
		return result;
	}

	public static Sheet readCsv(byte[] file) {
		Collector collector = new Collector();
		EasyExcel.read(new ByteArrayInputStream(file), collector).excelType(ExcelTypeEnum.CSV).sheet().doRead();
		return new Sheet(null, collector.header, collector.rows);
	}

	private static final class Collector implements ReadListener<Map<Integer, String>> {

		private final List<String> header = new ArrayList<>();

		private final List<List<String>> rows = new ArrayList<>();

		private int width;

		@Override
		public void invokeHead(Map<Integer, ReadCellData<?>> head, AnalysisContext context) {
			head.values().forEach(cell -> header.add(cell.getStringValue()));
			width = head.size();
		}

		@Override
		public void invoke(Map<Integer, String> row, AnalysisContext context) {
			Map<Integer, String> cells = new LinkedHashMap<>(row);
			List<String> values = new ArrayList<>(width);
			for (int i = 0; i < width; i++) {
				values.add(cells.get(i));
			}
			rows.add(values);
		}

		@Override
		public void doAfterAllAnalysed(AnalysisContext context) {
		}

	}

}
