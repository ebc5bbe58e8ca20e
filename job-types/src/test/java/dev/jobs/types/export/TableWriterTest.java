package dev.jobs.types.export;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.alibaba.excel.EasyExcel;
import com.alibaba.excel.context.AnalysisContext;
import com.alibaba.excel.metadata.data.ReadCellData;
import com.alibaba.excel.read.listener.ReadListener;
import com.alibaba.excel.read.metadata.ReadSheet;
import com.alibaba.excel.support.ExcelTypeEnum;
import dev.jobs.types.employeeexport.EmployeeExportRow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableWriterTest {

	private static final List<String> HEADER = List.of("编号", "姓名", "性别", "年龄", "部门", "职位", "入职日期", "薪资", "头像",
			"创建时间", "更新时间");

	@Test
	void rowsBeyondTheSheetLimitContinueOnNumberedSheetsEachWithAHeader() {
		byte[] file = write(ExportFormat.XLSX, 1000, rows(2500), 700);

		Map<String, List<Map<Integer, String>>> sheets = readXlsx(file);

		assertThat(sheets.keySet()).containsExactly("员工信息", "员工信息_2", "员工信息_3");
		assertThat(sheets.values()).extracting(List::size).containsExactly(1001, 1001, 501);
		sheets.values().forEach(rows -> assertThat(rows.get(0).values()).containsExactlyElementsOf(HEADER));
		assertThat(sheets.get("员工信息_2").get(1).get(0)).isEqualTo("1001");
		assertThat(sheets.get("员工信息_3").get(500).get(0)).isEqualTo("2500");
	}

	@Test
	void valuesAreFormattedAsDatesAndTwoDecimalNumbers() {
		Map<Integer, String> row = readXlsx(write(ExportFormat.XLSX, 1000, rows(1), 10)).get("员工信息").get(1);

		assertThat(row).containsEntry(1, "员工1").containsEntry(6, "2020-01-02").containsEntry(7, "12345.50")
			.containsEntry(9, "2024-05-06 07:08:09");
	}

	@Test
	void exportWithoutRowsStillHasItsHeader() {
		Map<String, List<Map<Integer, String>>> sheets = readXlsx(write(ExportFormat.XLSX, 1000, List.of(), 10));

		assertThat(sheets).containsOnlyKeys("员工信息");
		assertThat(sheets.get("员工信息")).hasSize(1);
	}

	@Test
	void csvIsOneTableWithOneByteOrderMarkWhateverTheSheetLimit() {
		byte[] file = write(ExportFormat.CSV, 1000, rows(2500), 700);

		assertThat(file).startsWith(0xEF, 0xBB, 0xBF);
		String text = new String(file, 3, file.length - 3, StandardCharsets.UTF_8);
		assertThat(text).doesNotContain("\uFEFF");
		List<String> lines = text.lines().toList();
		assertThat(lines).hasSize(2501);
		assertThat(lines.get(0)).isEqualTo(String.join(",", HEADER));
		assertThat(lines.get(1)).startsWith("1,员工1,男,31,研发部,Java开发工程师,2020-01-02,12345.50,");
	}

	@Test
	void csvCellsThatExcelWouldRunAsFormulasStartWithAQuote() {
		EmployeeExportRow hostile = new EmployeeExportRow(1L, "=HYPERLINK(\"http://evil\")", "@SUM", 30, "+cmd|' /C calc'!A0",
				"-2+3", LocalDate.of(2020, 1, 1), new BigDecimal("-5"), "\tx", LocalDateTime.of(2024, 5, 6, 7, 8, 9),
				LocalDateTime.of(2024, 5, 6, 7, 8, 9));

		byte[] file = write(ExportFormat.CSV, 1000, List.of(hostile), 10);
		String row = new String(file, StandardCharsets.UTF_8).lines().toList().get(1);

		assertThat(row).contains("'=HYPERLINK").contains("'@SUM").contains("'+cmd").contains("'-2+3").contains("'\tx");
		assertThat(row).contains(",-5.00,"); // a number stays a number
		assertThat(readXlsx(write(ExportFormat.XLSX, 1000, List.of(hostile), 10)).get("员工信息").get(1))
			.containsEntry(1, "=HYPERLINK(\"http://evil\")"); // xlsx cells are typed text already
	}

	private static byte[] write(ExportFormat format, int maxRowsPerSheet, List<EmployeeExportRow> rows, int batch) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (TableWriter<EmployeeExportRow> writer = new TableWriter<>(out, EmployeeExportRow.class, format, "员工信息",
				maxRowsPerSheet)) {
			for (int i = 0; i < rows.size(); i += batch) {
				writer.write(new ArrayList<>(rows.subList(i, Math.min(rows.size(), i + batch))));
			}
			writer.finish();
		}
		return out.toByteArray();
	}

	private static List<EmployeeExportRow> rows(int n) {
		return IntStream.rangeClosed(1, n)
			.mapToObj(i -> new EmployeeExportRow((long) i, "员工" + i, "男", 30 + i % 10, "研发部", "Java开发工程师",
					LocalDate.of(2020, 1, 1).plusDays(i), new BigDecimal("12345.5"), "https://example.com/a.png",
					LocalDateTime.of(2024, 5, 6, 7, 8, 9), LocalDateTime.of(2024, 5, 6, 7, 8, 9)))
			.toList();
	}

	/** Every sheet by name, header row first, cells as formatted text. */
	static Map<String, List<Map<Integer, String>>> readXlsx(byte[] file) {
		Map<String, List<Map<Integer, String>>> sheets = new LinkedHashMap<>();
		List<ReadSheet> names = EasyExcel.read(new ByteArrayInputStream(file)).excelType(ExcelTypeEnum.XLSX).build()
			.excelExecutor().sheetList();
		for (ReadSheet sheet : names) {
			List<Map<Integer, String>> rows = new ArrayList<>();
			EasyExcel.read(new ByteArrayInputStream(file), new ReadListener<Map<Integer, String>>() {
				@Override
				public void invokeHead(Map<Integer, ReadCellData<?>> head, AnalysisContext context) {
					Map<Integer, String> row = new LinkedHashMap<>();
					head.forEach((i, cell) -> row.put(i, cell.getStringValue()));
					rows.add(row);
				}

				@Override
				public void invoke(Map<Integer, String> row, AnalysisContext context) {
					rows.add(row);
				}

				@Override
				public void doAfterAllAnalysed(AnalysisContext context) {
				}
			}).excelType(ExcelTypeEnum.XLSX).sheet(sheet.getSheetNo()).doRead();
			sheets.put(sheet.getSheetName(), rows);
		}
		return sheets;
	}

}
