package dev.beacon.registry.ui;

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

import dev.beacon.testsupport.HeadlessChromium;

import static org.awaitility.Awaitility.await;

/**
 * The browser the dashboard's tests use ({@link HeadlessChromium}), with the few steps they
 * repeat and its screenshots kept in {@code target/screenshots/}.
 */
final class Browser implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(15);

	private final ChromeDriver driver;

	private Browser(ChromeDriver driver) {
		this.driver = driver;
	}

	/**
	 * @throws IllegalStateException naming the packages to install when Chromium is missing
	 */
	static Browser open() {
		return new Browser(HeadlessChromium.start());
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
