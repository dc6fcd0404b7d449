// Driven by tests/it/mail/browser.rs: node browser.js URL SHOTS WORK (NT_SEND: the send
// command). Prints one JSON line with what it saw.
'use strict';
const { chromium } = require('playwright-core');
const { execSync } = require('child_process');
const path = require('path');

(async () => {
  const [url, shots, work] = process.argv.slice(2);
  const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  const result = { dialogs: 0 };
  page.on('dialog', async (d) => {
    if (d.type() === 'confirm') { await d.accept(); } else { result.dialogs++; await d.dismiss(); }
  });
  await page.goto(url);
  await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 2);
  await page.screenshot({ path: path.join(shots, 'list.png'), fullPage: true });

  // The course mail: the inline image loads; the attachment downloads.
  await page.click('#rows tr:has-text("course mail")');
  const frameEl = await page.waitForSelector('#frame');
  let frame = null;
  for (let i = 0; i < 100 && !frame; i++) {
    frame = page.frames().find((f) => f.url().includes('/view/'));
    if (!frame) await page.waitForTimeout(100);
  }
  await frame.waitForSelector('#pic');
  await page.waitForTimeout(500);
  try {
    result.naturalWidth = await frame.locator('#pic').evaluate((img) => img.naturalWidth);
  } catch (e) {
    const box = await frame.locator('#pic').boundingBox();
    result.naturalWidth = box ? Math.round(box.width) : 0;
    result.evaluateError = String(e.message).slice(0, 200);
  }
  await page.screenshot({ path: path.join(shots, 'course-mail.png'), fullPage: true });
  await page.click('button[data-tab="mime"]');
  await page.screenshot({ path: path.join(shots, 'course-mail-mime.png'), fullPage: true });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#view-files a.attachment'),
  ]);
  result.downloadName = download.suggestedFilename();
  await download.saveAs(path.join(work, 'download.py'));

  // The hostile mail: no script, no remote load, no refresh, no top navigation.
  await page.click('button[data-tab="html"]');
  await page.click('#rows tr:has-text("onerror")');
  await page.waitForTimeout(300);
  frame = page.frames().find((f) => f.url().includes('/view/') && f !== page.mainFrame());
  await frame.waitForSelector('#hostile');
  result.hostileBody = await frame.locator('#hostile').textContent();
  await frame.locator('#go').click().catch(() => {});
  await page.waitForTimeout(1500);
  result.title = await page.title();
  result.topURL = page.url();
  result.subjectText = await page.locator('#view-subject').textContent();
  await page.screenshot({ path: path.join(shots, 'hostile-mail.png'), fullPage: true });

  // A mail that arrives while the page is open appears without a reload.
  execSync(process.env.NT_SEND + " --from live@x.test --to s@qq.test --subject 'arrived live' --body hi");
  try {
    await page.waitForSelector('#rows tr:has-text("arrived live")', { timeout: 5000 });
    result.live = true;
  } catch (e) { result.live = false; }

  // Search narrows the list.
  await page.fill('#search', 'from:live');
  await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 1, null, { timeout: 5000 }).catch(() => {});
  result.searchRows = await page.locator('#rows tr').count();
  await page.screenshot({ path: path.join(shots, 'search.png'), fullPage: true });

  // Delete the one found: its file goes.
  await page.click('#rows tr:has-text("arrived live")');
  await page.waitForSelector('#view-pane:not([hidden])');
  await page.click('#delete-one');
  await page.fill('#search', '');
  await page.waitForFunction(() => document.querySelectorAll('#rows tr').length === 2, null, { timeout: 5000 }).catch(() => {});
  result.afterDelete = await page.locator('#rows tr').count();
  await context.close();
  console.log(JSON.stringify(result));
})().catch((e) => { console.error(e); process.exit(1); });
