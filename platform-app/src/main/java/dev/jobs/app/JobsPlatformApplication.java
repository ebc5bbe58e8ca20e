package dev.jobs.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The runnable Jobs platform: the job engine (auto-configured by job-platform-core), the built-in
 * job types, the employee/user domain and the REST API.
 */
@SpringBootApplication
public class JobsPlatformApplication {

	public static void main(String[] args) {
		SpringApplication.run(JobsPlatformApplication.class, args);
	}

}
