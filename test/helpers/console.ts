import type { Page } from 'playwright-core';
import type { StaffRole, StaffTokenResponse } from '../../common/governance.ts';
import { requestJson, type TestPodium } from './server.ts';

/** Opens the console at /console and signs in with `credential`; resolves once the console shows. */
export async function signInToConsole(page: Page, baseUrl: string, credential: string): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await page.locator('#credential').waitFor({ state: 'visible' });
  await page.fill('#credential', credential);
  await page.click('#sign-in-button');
  await page.locator('#who').waitFor({ state: 'visible', timeout: 20_000 });
}

/** Navigates the signed-in console to a page by its nav link and waits for its title. */
export async function openConsolePage(page: Page, id: string, title: string): Promise<void> {
  await page.click(`#nav-list a[data-page="${id}"]`);
  await page.waitForFunction((t) => document.getElementById('page-title')?.textContent === t, title, {
    timeout: 20_000,
  });
}

/** Creates a staff member with `roles` through the admin API and returns their token. */
export async function createStaff(server: TestPodium, name: string, roles: StaffRole[]): Promise<string> {
  const res = await requestJson<StaffTokenResponse>(server.url, '/api/governance/staff', {
    body: { name, roles },
    headers: server.adminHeaders,
  });
  if (res.status !== 201) throw new Error(`staff create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** `Authorization` header for a governance token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
