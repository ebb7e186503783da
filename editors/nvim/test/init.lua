-- Headless Neovim test of the policyls set-up (run by run.sh, which prepares
-- a project and passes its paths in the environment):
--   POLICYLS_SETUP     "plugin": require("policyls").setup(...) from lua/;
--                      "readme": the Neovim 0.7 snippet of README.md, which
--                      starts "policyls" from PATH
--   POLICYLS_BIN       the server binary
--   POLICYLS_PROJECT   a project with .policyls.json (trust/*.json -> trust)
--                      and copies of a broken policy: policy.json,
--                      trust/role.json and ses/identity.json
-- It loads editors/nvim as a plugin, opens the files, and checks
-- diagnostics, settings, root detection, edits, the outline and (once the
-- server offers it) completion. Any failure exits with status 1 and says why;
-- every wait is bounded.

local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
vim.opt.runtimepath:prepend(vim.fn.fnamemodify(here, ":h"))
vim.opt.swapfile = false
vim.cmd("filetype on")

local WAIT_MS = 10000
local mode = os.getenv("POLICYLS_SETUP") or "plugin"
local bin = os.getenv("POLICYLS_BIN")
local project = os.getenv("POLICYLS_PROJECT")

local function log(msg)
  io.stdout:write(msg .. "\n")
  io.stdout:flush()
end

local failures = 0
local function check(ok, what)
  if ok then
    log("ok   " .. what)
  else
    failures = failures + 1
    log("FAIL " .. what)
  end
  return ok
end

-- The diagnostic's rule ID: the top-level code from 0.8 on, user_data on 0.7.
local function code_of(d)
  if d.code ~= nil then
    return tostring(d.code)
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code and tostring(lsp.code) or nil
end

local function policyls_diagnostics(buf)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "policyls" then
      table.insert(out, d)
    end
  end
  return out
end

local function codes(ds)
  local out = {}
  for _, d in ipairs(ds) do
    table.insert(out, code_of(d) or "?")
  end
  table.sort(out)
  return out
end

local function has(ds, code, pattern)
  for _, d in ipairs(ds) do
    if code_of(d) == code and (pattern == nil or d.message:find(pattern)) then
      return d
    end
  end
  return nil
end

--- wait_for waits until pred(diagnostics of buf) holds; returns them, or nil.
local function wait_for(buf, pred)
  local ds
  vim.wait(WAIT_MS, function()
    ds = policyls_diagnostics(buf)
    return pred(ds)
  end, 50)
  ds = policyls_diagnostics(buf)
  return pred(ds) and ds or nil, ds
end

local function open(rel)
  vim.cmd("edit " .. vim.fn.fnameescape(project .. "/" .. rel))
  return vim.api.nvim_get_current_buf()
end

-- The clients attached to buf, as a list (get_clients from 0.10 on).
local function clients_of(buf)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = buf })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(buf))
end

local function client_for(buf)
  local found
  vim.wait(WAIT_MS, function()
    for _, c in ipairs(clients_of(buf)) do
      if c.name == "policyls" and c.initialized then
        found = c
        return true
      end
    end
    return false
  end, 50)
  return found
end

-- Messages the server shows (window/showMessage): it complains there about
-- settings it cannot read, so any message fails the test.
local shown = {}
local show = vim.lsp.handlers["window/showMessage"]
vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
  table.insert(shown, result and result.message or "?")
  return show(err, result, ctx, config)
end

local function run()
  assert(bin and project, "POLICYLS_BIN and POLICYLS_PROJECT must be set (run test/run.sh)")
  local readme = table.concat(vim.fn.readfile(vim.fn.fnamemodify(here, ":h") .. "/README.md"), "\n")
  if mode == "plugin" then
    require("policyls").setup({
      cmd = { bin },
      settings = { policyls = { kinds = { { glob = "ses/*.json", kind = "ses-identity" } } } },
    })
    -- Every Lua example in the README at least compiles.
    local n = 0
    for block in readme:gmatch("```lua\n(.-)```") do
      n = n + 1
      local ok, err = loadstring(block, "README.md lua block " .. n)
      check(ok ~= nil, "README.md lua block " .. n .. " compiles" .. (err and (": " .. err) or ""))
    end
  else
    local block = readme:match("## Neovim 0%.7:.-```lua\n(.-)```")
    assert(block, "README.md has no Neovim 0.7 lua block")
    assert(loadstring(block, "README.md 0.7 block"))()
  end
  log("neovim " .. tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "." .. tostring(vim.version().patch) .. ", set-up: " .. mode)

  -- 1. Diagnostics on a broken identity policy.
  local buf = open("policy.json")
  check(vim.bo[buf].filetype == "json", "policy.json has filetype json")
  local client = client_for(buf)
  if not check(client ~= nil, "policyls attached to policy.json") then
    return
  end
  check(client.config.root_dir == project, "root_dir is the folder holding .policyls.json (" .. tostring(client.config.root_dir) .. ")")
  local want = { "POL009", "POL001", "JSON004", "IAM002", "POL003" }
  local ds, last = wait_for(buf, function(d)
    for _, c in ipairs(want) do
      if not has(d, c) then
        return false
      end
    end
    return true
  end)
  if not check(ds ~= nil, "diagnostics " .. table.concat(want, ", ") .. " (got " .. table.concat(codes(last), ", ") .. ")") then
    return
  end
  local effect = has(ds, "POL009", '"allow"')
  check(effect ~= nil and effect.lnum == 4 and effect.col == 16, "POL009 names \"allow\" at line 5, column 17")
  check(has(ds, "POL001", 'did you mean "Action"') ~= nil, "POL001 suggests \"Action\"")

  -- 2. .policyls.json in the root forces trust/*.json to a trust policy
  -- (so the root was found and sent), and the editor settings force
  -- ses/*.json to an SES identity policy (so settings reach the server).
  local trust = open("trust/role.json")
  check(wait_for(trust, function(d) return has(d, "TRUST002") ~= nil end) ~= nil, "trust/role.json is a trust policy (TRUST002), from .policyls.json")
  local ses = open("ses/identity.json")
  if mode == "plugin" then
    check(wait_for(ses, function(d) return has(d, "POL012", "SES identity policy") ~= nil end) ~= nil, "ses/identity.json is an SES identity policy (POL012), from the editor settings")
  else
    check(wait_for(ses, function(d) return has(d, "IAM002") ~= nil end) ~= nil, "ses/identity.json is an identity policy (IAM002)")
  end
  local attached = clients_of(ses)
  check(#attached == 1 and attached[1].id == client.id, "one client serves the whole project")

  -- 3. Edits reach the server: fixing the Effect clears POL009.
  vim.cmd("buffer " .. buf)
  local line = vim.api.nvim_buf_get_lines(buf, 4, 5, true)[1]
  vim.api.nvim_buf_set_lines(buf, 4, 5, true, { (line:gsub('"allow"', '"Allow"')) })
  check(wait_for(buf, function(d) return has(d, "POL009") == nil and has(d, "POL001") ~= nil end) ~= nil, "after the edit POL009 is gone and POL001 stays")

  -- 4. The outline.
  local params = { textDocument = vim.lsp.util.make_text_document_params(buf) }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/documentSymbol", params, WAIT_MS) or {}
  local result = responses[client.id] and responses[client.id].result
  local names = {}
  local function walk(syms)
    for _, s in ipairs(syms or {}) do
      table.insert(names, s.name)
      walk(s.children)
    end
  end
  walk(result)
  check(type(result) == "table" and #result > 0, "documentSymbol returns an outline")
  check(vim.tbl_contains(names, "Allow sending"), "the outline names the statement \"Allow sending\" (got " .. table.concat(names, ", ") .. ")")

  -- 5. Completion as typed: <C-x><C-o> in insert mode, the first item
  -- accepted with <C-y>, and the text that lands in the buffer. Before 0.10
  -- the plugin sets 'omnifunc' (Neovim's own misplaces the text); from 0.10
  -- Neovim sets its own. The README snippet sets none, so only the plugin
  -- set-up types.
  if mode == "plugin" then
    local function type_in(b, row, col, keys)
      vim.cmd("buffer " .. b)
      vim.api.nvim_win_set_cursor(0, { row, col })
      vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), "x", false)
      return vim.api.nvim_buf_get_lines(b, row - 1, row, true)[1]
    end
    check(vim.bo[buf].omnifunc ~= "", "'omnifunc' is set (" .. vim.bo[buf].omnifunc .. ")")
    local typing = open("typing.json")
    client_for(typing)
    -- Typing a new action after "ses:Send, in an unclosed string.
    local got = type_in(typing, 1, 0, 'A<C-x><C-o><C-y><Esc>')
    check(got:match('"Action": %["ses:Send%a+"$') ~= nil and not got:find('"ses:"'), "completing \"ses:Send inserts one quoted action (got " .. got .. ")")
    -- Inside a closed string, text on both sides: the tail is replaced too.
    local closed = open("closed.json")
    client_for(closed)
    got = type_in(closed, 1, 79, "i<C-x><C-o><C-n><C-y><Esc>")
    check(got:match('"Action": "ses:Send%a*Email", "Resource"') ~= nil, "completing inside \"ses:Send|Email\" keeps one pair of quotes (got " .. got .. ")")

    -- Hover with K on the action: a floating window with its documentation.
    vim.cmd("buffer " .. closed)
    vim.api.nvim_win_set_cursor(0, { 1, 75 })
    vim.api.nvim_feedkeys("K", "x", false)
    local float_text
    vim.wait(WAIT_MS, function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= "" then
          float_text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), "\n")
          return true
        end
      end
      return false
    end, 50)
    check(float_text ~= nil and float_text:find("ses:Send") ~= nil, "K shows the action's documentation in a float (got " .. tostring(float_text) .. ")")
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        vim.api.nvim_win_close(win, true)
      end
    end

    -- A quick fix through gra: the misspelt "action" element renamed.
    vim.cmd("buffer " .. buf)
    local row = vim.fn.search('"action"', "nw")
    vim.api.nvim_win_set_cursor(0, { row, vim.fn.match(vim.fn.getline(row), '"action"') + 1 })
    local offered = {}
    local select = vim.ui.select
    vim.ui.select = function(choices, opts, on_choice)
      for i, choice in ipairs(choices) do
        local title = opts.format_item and opts.format_item(choice) or tostring(choice)
        table.insert(offered, title)
        if title:find('Rename to "Action"', 1, true) then
          return on_choice(choice, i)
        end
      end
      on_choice(nil, nil)
    end
    vim.api.nvim_feedkeys("gra", "x", false)
    local fixed = vim.wait(WAIT_MS, function() return vim.fn.getline(row):find('"Action"', 1, true) ~= nil end, 50)
    vim.ui.select = select
    check(fixed, "gra offers and applies 'Rename to \"Action\"' (offered: " .. table.concat(offered, " | ") .. ")")
  end

  -- Issue 16 item 2: an open .policyls.json with a misspelt key gets a
  -- diagnostic saying what was meant.
  local settings = open(".policyls.json")
  local original = vim.api.nvim_buf_get_lines(settings, 0, -1, false)
  check(client_for(settings) ~= nil, "policyls attached to .policyls.json")
  vim.api.nvim_buf_set_lines(settings, 0, -1, false, { '{"kinds": [{"glob": "trust/*.json", "kind": "trust"}], "rule": {"POL003": "off"}}' })
  local misspelt = vim.wait(WAIT_MS, function()
    for _, d in ipairs(vim.diagnostic.get(settings)) do
      if d.message:find('did you mean "rules"', 1, true) and d.col == 55 then
        return true
      end
    end
    return false
  end, 50)
  check(misspelt, "a misspelt key in .policyls.json is reported at the key with a did-you-mean")
  vim.api.nvim_buf_set_lines(settings, 0, -1, false, original)
  vim.bo[settings].modified = false

  check(#shown == 0, "the server showed no message (got: " .. table.concat(shown, " | ") .. ")")
end

local function finish()
  local ok, err = pcall(run)
  if not ok then
    failures = failures + 1
    log("FAIL error: " .. tostring(err))
  end
  if failures > 0 then
    log(failures .. " check(s) failed")
    vim.cmd("cquit 1")
  else
    log("all checks passed")
    vim.cmd("qall!")
  end
end

vim.api.nvim_create_autocmd("VimEnter", { once = true, callback = function() vim.schedule(finish) end })
