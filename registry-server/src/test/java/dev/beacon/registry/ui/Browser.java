package dev.beacon.registry.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.awaitility.Awaitility.await;

/**
 * Headless Chromium, driven through Debian's chromedriver: the browser the dashboard's tests
 * use, with its screenshots kept in {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	static final Duration WAIT = Duration.ofSeconds(15);

	private final ChromeDriver driver;

	private Browser(ChromeDriver driver) {
		this.driver = driver;
	}

	static Browser open() {
		if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
			throw new IllegalStateException("The dashboard's browser tests need Chromium and its driver at "
					+ CHROMIUM + " and " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,860", "--no-first-run", "--disable-extensions");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		return new Browser(new ChromeDriver(service, options));
	}

	WebDriver driver() {
		return this.driver;
	}

	void go(String url) {
		this.driver.get(url);
	}

	/** The first element the selector finds, once there is one. */
	WebElement find(String css) {
		return await().atMost(WAIT).ignoreExceptions().until(() -> this.driver.findElement(By.cssSelector(css)),
				(element) -> element != null);
	}

	boolean has(String css) {
		return !this.driver.findElements(By.cssSelector(css)).isEmpty();
	}

	String text(String css) {
		return this.driver.findElement(By.cssSelector(css)).getText();
	}

	void signIn(String token) {
		WebElement field = find("#sign-in-token");
		field.clear();
		field.sendKeys(token);
		find("#sign-in-submit").click();
	}

	/** A phone's width, and the system's preference for dark colours. */
	void phoneInDarkMode() {
		this.driver.manage().window().setSize(new Dimension(390, 844));
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
	}

	/** Runs a script in the page; with {@code async}, it ends by calling its last argument. */
	Object script(String script, Object... arguments) {
		return this.driver.executeAsyncScript(script, arguments);
	}

	void screenshot(String name) {
		try {
			Path target = Path.of("target", "screenshots", name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
