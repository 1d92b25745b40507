package dev.beacon.testsupport;

import java.io.File;
import java.time.Duration;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: the browser that the
 * registry's dashboard is tested and measured in. Nothing is downloaded: without the packages
 * it says which to install.
 */
public final class HeadlessChromium {

	private static final File CHROMIUM = new File("/usr/bin/chromium");

	private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	public static boolean isInstalled() {
		return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute();
	}

	/**
	 * Starts a browser with a laptop's window.
	 * @return the driver; {@code quit()} stops the browser and its driver
	 * @throws IllegalStateException when Chromium or its driver is not installed
	 */
	public static ChromeDriver start() {
		if (!isInstalled()) {
			throw new IllegalStateException("Headless Chromium and its driver are needed at " + CHROMIUM + " and "
					+ CHROMEDRIVER + ": apt-get install chromium chromium-driver");
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM);
		// --no-sandbox: tests and CI run as root, where Chromium's sandbox refuses to start
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1280,860", "--no-first-run", "--disable-extensions");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER)
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
		return driver;
	}

}
