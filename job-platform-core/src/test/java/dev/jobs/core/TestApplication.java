package dev.jobs.core;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The smallest application that uses the platform: the core's auto-configuration plus test handlers. */
@SpringBootApplication
public class TestApplication {

}
