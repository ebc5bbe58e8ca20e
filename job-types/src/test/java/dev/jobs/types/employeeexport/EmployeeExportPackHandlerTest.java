package dev.jobs.types.employeeexport;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Zip entry names from department names. (End to end: platform-app's DepartmentExportIntegrationTest.) */
class EmployeeExportPackHandlerTest {

	@Test
	void chineseAndOtherTextStaysAsItIs() {
		assertThat(EmployeeExportPackHandler.safe("研发部")).isEqualTo("研发部");
		assertThat(EmployeeExportPackHandler.safe("Sales & Marketing")).isEqualTo("Sales & Marketing");
	}

	@Test
	void aDepartmentCannotStepOutOfTheZipOrUpsetWindows() {
		assertThat(EmployeeExportPackHandler.safe("../../etc/passwd")).isEqualTo("__.._etc_passwd");
		assertThat(EmployeeExportPackHandler.safe("R\\D: \"new\"?")).isEqualTo("R_D_ _new__");
		assertThat(EmployeeExportPackHandler.safe(".hidden")).isEqualTo("_hidden");
		assertThat(EmployeeExportPackHandler.safe("tab\there")).isEqualTo("tab_here");
		assertThat(EmployeeExportPackHandler.safe("  ")).isEqualTo("_");
	}

}
