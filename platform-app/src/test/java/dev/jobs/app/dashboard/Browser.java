package dev.jobs.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by its chromedriver, both found on this machine (never
 * downloaded by Selenium Manager): {@code scripts/browser.sh} installs them. Waits are on
 * conditions, with a timeout, never sleeps.
 */
final class Browser implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(30);

	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	final ChromeDriver driver;

	private final String base;

	Browser(int port) {
		File chromium = executable("JOBS_CHROMIUM", "/usr/bin/chromium");
		File chromedriver = executable("JOBS_CHROMEDRIVER", "/usr/bin/chromedriver");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium);
		// As root Chromium needs --no-sandbox; a laptop-sized window for the screenshots.
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1440,900", "--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.base = "http://localhost:" + port;
	}

	private static File executable(String variable, String fallback) {
		String path = System.getenv().getOrDefault(variable, fallback);
		File file = new File(path);
		if (!file.canExecute()) {
			throw new IllegalStateException(path + " is missing: the dashboard's browser tests need Debian's chromium "
					+ "and chromium-driver. Run scripts/browser.sh (or apt-get install -y chromium chromium-driver), "
					+ "or point " + variable + " at the executable.");
		}
		return file;
	}

	void open(String path) {
		driver.get(base + path);
	}

	/** Signs in through the application's form login. */
	void signIn(String username, String password) {
		driver.manage().deleteAllCookies();
		open("/login");
		WebElement user = waitFor(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
		user.sendKeys(username);
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		waitFor(d -> !d.getCurrentUrl().contains("/login"));
	}

	<T> T waitFor(Function<WebDriver, T> condition) {
		return new WebDriverWait(driver, WAIT).until(condition);
	}

	WebElement find(String css) {
		return waitFor(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	boolean present(String css) {
		return !driver.findElements(By.cssSelector(css)).isEmpty();
	}

	String text() {
		return driver.findElement(By.tagName("body")).getText();
	}

	/** Accepts the confirmation the page asked for and returns its text. */
	String confirm() {
		var alert = waitFor(ExpectedConditions.alertIsPresent());
		String text = alert.getText();
		alert.accept();
		return text;
	}

	/** Saves what the browser shows under target/screenshots, for a reviewer to look at. */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not save screenshot " + name, ex);
		}
	}

	@Override
	public void close() {
		driver.quit();
	}

}
