package dev.jobs.examples.departmentreport;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** An application that uses the example type: the platform, the type's configuration and its {@link Staff}. */
@SpringBootApplication
@Import(DepartmentReportConfiguration.class)
class ReportsTestApplication {

	@Bean
	TestStaff staff() {
		return new TestStaff();
	}

}
