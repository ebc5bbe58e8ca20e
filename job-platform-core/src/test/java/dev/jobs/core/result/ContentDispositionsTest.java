package dev.jobs.core.result;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDispositionsTest {

	@Test
	void chineseNameIsPercentEncodedWithAnAsciiFallback() {
		assertThat(ContentDispositions.attachment("员工信息_20261128_101500.xlsx")).isEqualTo(
				"attachment; filename=\"20261128_101500.xlsx\"; "
						+ "filename*=UTF-8''%E5%91%98%E5%B7%A5%E4%BF%A1%E6%81%AF_20261128_101500.xlsx");
	}

	@Test
	void nameWithoutAnyAsciiStemFallsBackToDownload() {
		assertThat(ContentDispositions.asciiFallback("员工信息.csv")).isEqualTo("download.csv");
		assertThat(ContentDispositions.asciiFallback("报表")).isEqualTo("download");
	}

	@Test
	void quotesSlashesAndSpacesCannotBreakTheHeader() {
		assertThat(ContentDispositions.attachment("a\"b/c\\d; e.csv"))
			.isEqualTo("attachment; filename=\"abcd e.csv\"; filename*=UTF-8''a%22b%2Fc%5Cd%3B%20e.csv");
	}

}
