package dev.jobs.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest application that uses the platform: the core's auto-configuration plus test handlers.
 * It lives outside {@code dev.jobs.core} so that component scanning does not pick up the core's own
 * classes; the platform must come only through its auto-configuration, as in a real application.
 */
@SpringBootApplication
public class TestApplication {

}
