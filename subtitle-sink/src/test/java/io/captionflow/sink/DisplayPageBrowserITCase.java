package io.captionflow.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.captionflow.schema.SessionState;
import io.captionflow.schema.Topics;
import io.captionflow.sink.access.SubscribeTokens;
import io.captionflow.testsupport.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium opens the display page, segments are produced into Kafka, and the text must
 * appear, newest at the bottom, in speaker colours; final words grow the open line in full white
 * before their segment closes it; a re-delivered segment is not shown twice; once the ended
 * session's enhanced transcript is complete a button shows it instead. Saves a screenshot to
 * target/display-screenshot.png.
 */
class DisplayPageBrowserITCase {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String TOKEN = "display-token";

  private static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String why =
        "headless Chromium missing: apt-get update && apt-get install -y chromium chromium-driver";
    if (System.getenv("CI") != null) {
      fail(why);
    }
    Assumptions.abort(why);
  }

  /** The texts of the connection badges a viewer sees (bar badge and full-screen overlay). */
  private static List<String> visibleBadges(ChromeDriver browser) {
    return browser.findElements(By.cssSelector("#status, #overlay-status")).stream()
        .filter(WebElement::isDisplayed)
        .map(WebElement::getText)
        .toList();
  }

  // Headless Chromium grants no real full screen; the page's fullscreenchange handler sets this
  // class.
  private static void fullScreen(ChromeDriver browser, boolean on) {
    browser.executeScript("document.body.classList.toggle('fullscreen', arguments[0])", on);
  }

  @Test
  void subtitlesAppearOnTheDisplayPage() throws Exception {
    requireChromium();
    TestKafka.Broker broker = TestKafka.shared();
    Topics topics = Topics.DEFAULT.withPrefix("t-" + UUID.randomUUID() + ".");
    broker.createTopics(List.of(topics.segments()), 1);
    SinkConfig config =
        SinkConfig.defaults(broker.bootstrapServers(), topics)
            .withPort(0)
            .withHost("127.0.0.1")
            .withAccess(SubscribeTokens.parse("studio-1=" + TOKEN), false);

    // Selenium Manager must never try to download a browser or driver.
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    Path profile = Files.createTempDirectory("captionflow-chromium-");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile,
        "--window-size=1280,720",
        "--disable-dev-shm-usage");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();

    SubtitleSinkServer sink = new SubtitleSinkServer(config).start();
    int port = sink.port();
    try (SegmentProducer producer =
        new SegmentProducer(broker.bootstrapServers(), topics.segments())) {
      ChromeDriver browser = new ChromeDriver(service, options);
      try {
        browser.get(
            "http://127.0.0.1:" + port + "/display?session=studio-1&fontSize=44&token=" + TOKEN);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElement(By.id("status")).getText().contains("waiting for speech"));
        assertEquals(List.of("waiting for speech"), visibleBadges(browser));

        producer.send(Events.status("studio-1", SessionState.STARTED, 0));
        // Final words show at once, in full white, before their segment closes.
        producer.send(Events.finalWords("studio-1", 0, 0, "Good evening", 0));
        wait.until(d -> d.findElements(By.cssSelector("#captions .line.open")).size() == 1);
        producer.send(Events.finalWords("studio-1", 0, 2, "and welcome", 0));
        wait.until(
            d ->
                d.findElement(By.cssSelector("#captions .line.open"))
                    .getText()
                    .endsWith("Good evening and welcome"));
        WebElement open = browser.findElement(By.cssSelector("#captions .line.open"));
        assertEquals("SPEAKER 1Good evening and welcome", open.getText().replace("\n", ""));
        assertEquals("1", open.getCssValue("opacity"));
        assertEquals("normal", open.getCssValue("font-style"));
        assertEquals("rgba(255, 255, 255, 1)", open.getCssValue("color"));
        assertEquals(0, browser.findElements(By.cssSelector("#captions .line.final")).size());
        producer.send(
            Events.finalSegment(
                "studio-1", 0, "Good evening and welcome to the nine o'clock news.", 0));
        producer.send(
            Events.finalSegment(
                "studio-1", 1, "Thank you. Tonight's top story comes from the harbour.", 1));
        producer.send(
            Events.finalSegment(
                "studio-1", 1, "Thank you. Tonight's top story comes from the harbour.", 1));
        producer.send(
            Events.finalSegment(
                "studio-1", 2, "Crowds gathered as the tall ships arrived at dawn.", 1));

        wait.until(d -> d.findElements(By.cssSelector("#captions .line.final")).size() == 3);
        assertEquals(
            0,
            browser.findElements(By.cssSelector("#captions .line.open")).size(),
            "the segment closed the growing line");
        List<WebElement> lines = browser.findElements(By.cssSelector("#captions .line.final"));
        assertEquals(
            "SPEAKER 1Good evening and welcome to the nine o'clock news.",
            lines.get(0).getText().replace("\n", ""));
        assertTrue(
            lines.get(2).getText().endsWith("Crowds gathered as the tall ships arrived at dawn."));
        assertEquals("rgba(255, 255, 255, 1)", lines.get(0).getCssValue("color"));
        assertEquals(
            "rgba(255, 225, 77, 1)",
            lines.get(1).getCssValue("color"),
            "speaker 2's colour from /api/config");
        assertEquals("44px", lines.get(0).getCssValue("font-size"));
        assertEquals(
            "rgba(0, 0, 0, 1)",
            browser.findElement(By.tagName("body")).getCssValue("background-color"));
        assertTrue(
            lines.get(2).getLocation().getY() > lines.get(0).getLocation().getY(),
            "newest line lowest");
        assertEquals("live", browser.findElement(By.id("status")).getText());

        Path screenshot = Path.of("target", "display-screenshot.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

        // The sink goes away: the page shows "reconnecting", then resumes after what it has,
        // without repeats.
        sink.stop();
        wait.until(d -> d.findElement(By.id("status")).getText().startsWith("reconnecting"));
        producer.send(Events.finalSegment("studio-1", 3, "Back after the break.", 0));
        sink = new SubtitleSinkServer(config.withPort(port)).start();
        wait.until(d -> d.findElements(By.cssSelector("#captions .line.final")).size() >= 4);
        Thread.sleep(300);
        List<String> sequences =
            browser.findElements(By.cssSelector("#captions .line.final")).stream()
                .map(e -> e.getAttribute("data-sequence"))
                .toList();
        assertEquals(List.of("0", "1", "2", "3"), sequences);
        assertEquals(
            List.of("0:3550", "0:7550", "0:11550", "0:13550"),
            browser.findElements(By.cssSelector("#captions .line.final")).stream()
                .map(e -> e.getAttribute("data-cursor"))
                .toList(),
            "resumed after its cursor");
        assertEquals("live", browser.findElement(By.id("status")).getText());
        assertEquals(List.of("live"), visibleBadges(browser));

        // Full screen: the bar is gone and the overlay is the one badge, shown only when not live.
        fullScreen(browser, true);
        assertEquals(List.of(), visibleBadges(browser));

        producer.send(Events.status("studio-1", SessionState.ENDED, 14));
        wait.until(d -> visibleBadges(browser).equals(List.of("session ended")));
        fullScreen(browser, false);
        assertEquals(List.of("session ended"), visibleBadges(browser));
        assertEquals("status ended", browser.findElement(By.id("status")).getAttribute("class"));

        // The enhanced transcript: once complete a button shows it instead of the live lines.
        WebElement toggle = browser.findElement(By.id("enhanced-toggle"));
        assertFalse(toggle.isDisplayed());
        producer.send(
            Events.enhancedSegment(
                "studio-1", 0, "Good evening and welcome to the nine o'clock news.", 0));
        producer.send(
            Events.enhancedSegment(
                "studio-1", 1, "Thank you. Tonight's top story comes from the harbor.", 1));
        producer.send(Events.status("studio-1", SessionState.ENHANCED, 14));
        wait.until(d -> toggle.isDisplayed());
        assertEquals("Enhanced transcript", toggle.getText());
        toggle.click();
        wait.until(
            d -> d.findElements(By.cssSelector("#enhanced-captions .line.enhanced")).size() == 2);
        List<WebElement> enhanced =
            browser.findElements(By.cssSelector("#enhanced-captions .line.enhanced"));
        assertEquals(
            List.of(
                "SPEAKER 1Good evening and welcome to the nine o'clock news.",
                "SPEAKER 2Thank you. Tonight's top story comes from the harbor."),
            enhanced.stream().map(e -> e.getText().replace("\n", "")).toList());
        assertEquals("rgba(255, 225, 77, 1)", enhanced.get(1).getCssValue("color"));
        assertEquals("44px", enhanced.get(0).getCssValue("font-size"));
        assertFalse(browser.findElement(By.id("captions")).isDisplayed());
        assertEquals("Live captions", toggle.getText());
        assertEquals(List.of("session ended"), visibleBadges(browser));
        toggle.click();
        assertTrue(browser.findElement(By.id("captions")).isDisplayed());
        assertFalse(browser.findElement(By.id("enhanced-captions")).isDisplayed());
        assertEquals(4, browser.findElements(By.cssSelector("#captions .line.final")).size());

        // A page opened after the end says so from the greeting: never "live" on the red badge.
        browser.get("http://127.0.0.1:" + port + "/display?session=studio-1&token=" + TOKEN);
        wait.until(d -> d.findElements(By.cssSelector("#captions .line.final")).size() == 4);
        assertEquals(List.of("session ended"), visibleBadges(browser));
        assertEquals("status ended", browser.findElement(By.id("status")).getAttribute("class"));
        assertTrue(
            browser.findElement(By.id("enhanced-toggle")).isDisplayed(),
            "the greeting says the enhanced transcript exists");

        // A refused token: one "not allowed" badge, no retry.
        browser.get("http://127.0.0.1:" + port + "/display?session=studio-1&token=wrong");
        wait.until(d -> d.findElement(By.id("status")).getText().startsWith("not allowed: "));
        assertEquals(1, visibleBadges(browser).size(), visibleBadges(browser).toString());
        fullScreen(browser, true);
        assertEquals(
            List.of(browser.findElement(By.id("overlay-status")).getText()),
            visibleBadges(browser));
        assertTrue(visibleBadges(browser).get(0).startsWith("not allowed: "));
      } finally {
        browser.quit();
      }
    } finally {
      sink.stop();
    }
  }
}
