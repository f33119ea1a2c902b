import assert from "node:assert/strict";
import { test } from "node:test";
import { PromptMatcher, isPasswordPrompt } from "./cli-prompt.ts";
import { currentLine, endsWithPager, renderTerminal, stripPagerMarkers } from "./terminal-text.ts";

test("CRLF becomes LF and trailing blanks of fixed-width lines are kept", () => {
  assert.equal(renderTerminal("Virtual0   up  \r\nGig1/1     up  \r\n"), "Virtual0   up  \nGig1/1     up  \n");
});

test("ANSI colour and erase sequences are interpreted, not printed", () => {
  assert.equal(renderTerminal("\u001b[1;32mOK\u001b[0m done\r\n"), "OK done\n");
  assert.equal(renderTerminal("<--- More --->\r\u001b[Kline 25\r\n"), "line 25\n");
  assert.equal(renderTerminal("\u001b(Bplain\u001b=\r\n"), "plain\n");
});

test("a pager erased with CR and blanks, or backspaces, leaves only the next line", () => {
  const erasedWithBlanks = stripPagerMarkers("line 24\r\n<--- More --->\r              \rline 25\r\n");
  assert.equal(renderTerminal(erasedWithBlanks), "line 24\nline 25\n");
  assert.equal(renderTerminal(stripPagerMarkers(" --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bnext\r\n")), "next\n");
});

test("the pager prompt is recognised at the end of what arrived", () => {
  assert.ok(endsWithPager(currentLine("a\r\nb\r\n<--- More --->")));
  assert.ok(endsWithPager(currentLine("a\r\n --More-- ")));
  assert.ok(!endsWithPager(currentLine("<--- More --->\r\u001b[Kline 25\r\nasa# ")));
});

test("the session prompt is learned once; other lines that end in > or # are not prompts", () => {
  const prompt = new PromptMatcher();
  assert.ok(!prompt.matches("Interface inside (10.86.118.1): Normal (Monitored)"));
  assert.ok(!prompt.matches("<--- More --->"));
  assert.ok(prompt.matches("asa> "));
  assert.ok(prompt.matches("asa#"));
  assert.ok(prompt.matches("asa(config)# "));
  assert.ok(!prompt.matches("otherhost# "));
  assert.equal(PromptMatcher.mode("asa# "), "#");
  const multiContext = new PromptMatcher();
  assert.ok(multiContext.matches("asa-tg2-fr2k/pri/act#"));
  const linux = new PromptMatcher();
  assert.ok(linux.matches("ubnt@nano:~$ "));
  assert.ok(linux.matches("ubnt@nano:/tmp$ "));
  assert.ok(new PromptMatcher().matches("[admin@host ~]$ "));
  assert.ok(isPasswordPrompt("Password: "));
});
