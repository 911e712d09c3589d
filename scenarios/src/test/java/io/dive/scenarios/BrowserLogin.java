package io.dive.scenarios;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's brokered login, in Debian's Chromium driven by Selenium: at the hub's account console,
 * pick the spoke's identity provider, log in on the spoke's own Keycloak, come back to the hub. It
 * checks dive verify's scripted browser against a real one. Chromium trusts the local Keycloaks'
 * certificate by its public key (--ignore-certificate-errors-spki-list): pinned, not unchecked.
 */
final class BrowserLogin {

    private BrowserLogin() {
    }

    /** Logs in and returns the URL the hub shows afterwards. */
    static String throughHub(String hubUrl, String hubRealm, String idpAlias, String username, String password, String spki) throws Exception {
        return login(hubUrl, hubRealm, idpAlias, username, password, spki, false);
    }

    /**
     * Starts the same login and returns the URL of the page shown after the password when it asks for a
     * one-time code (the OTP form, or its setup for a user who has none yet); fails if the login goes
     * through without one.
     */
    static String askedForOtp(String hubUrl, String hubRealm, String idpAlias, String username, String password, String spki) throws Exception {
        return login(hubUrl, hubRealm, idpAlias, username, password, spki, true);
    }

    private static String login(String hubUrl, String hubRealm, String idpAlias, String username, String password, String spki, boolean otp)
            throws Exception {
        Path profile = Files.createTempDirectory("dive-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--ignore-certificate-errors-spki-list=" + spki));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            String account = hubUrl + "/realms/" + hubRealm + "/account";
            browser.get(account);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("social-" + idpAlias))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("kc-login")).click();
            if (otp) {
                // The setup page's field is totp, the form of a user who has an authenticator otp.
                wait.until(d -> !d.findElements(By.id("totp")).isEmpty() || !d.findElements(By.id("otp")).isEmpty()
                        || d.getCurrentUrl().startsWith(account) && !d.getCurrentUrl().contains("login-actions"));
                if (browser.getCurrentUrl().startsWith(account)) {
                    throw new AssertionError(username + " logged in without being asked for a one-time code: " + browser.getCurrentUrl());
                }
                return browser.getCurrentUrl();
            }
            wait.until(d -> d.getCurrentUrl().startsWith(account) && !d.getCurrentUrl().contains("login-actions"));
            return browser.getCurrentUrl();
        } finally {
            browser.quit();
            service.stop();
        }
    }
}
