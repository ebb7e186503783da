-- policyls for Neovim 0.7 and later: starts the policyls language server for
-- JSON buffers, one client per project root.
--
--   require("policyls").setup({
--     cmd = { "policyls" },               -- default
--     settings = { policyls = { kinds = { { glob = "**/trust/*.json", kind = "trust" } } } },
--   })
--
-- On Neovim 0.8 and later it uses vim.lsp.start, which reuses a running client
-- with the same name and root. On 0.7, which has no vim.lsp.start, it starts
-- clients with vim.lsp.start_client and attaches buffers itself. On 0.11 and
-- later you may use vim.lsp.enable("policyls") instead, which reads
-- lsp/policyls.lua from this directory (see README.md).

local M = {}

--- Files that mark a project root, nearest first.
M.root_markers = { ".policyls.json", ".git" }

--- The file types policyls attaches to.
-- yaml: CloudFormation templates; terraform (and tf, what older Neovim calls
-- *.tf files): Terraform. Nothing is published for files without policies.
M.filetypes = { "json", "yaml", "terraform", "tf" }

local defaults = {
  name = "policyls",
  cmd = { "policyls" },
  -- The policyls object the server reads, under the "policyls" key.
  settings = { policyls = {} },
}

-- Options given to setup(), merged over the defaults.
local options = vim.deepcopy(defaults)

--- root_dir returns the project root for a file: the directory holding the
--- first of root_markers found above it (.policyls.json wins over a nearer
--- .git), else the file's own directory. It works without vim.fs (absent
--- before 0.8).
function M.root_dir(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs(M.root_markers) do
    -- The ";" suffix makes findfile and finddir search upward from dir.
    local file = vim.fn.findfile(marker, dir .. ";")
    if file ~= "" then
      return vim.fn.fnamemodify(file, ":p:h")
    end
    local sub = vim.fn.finddir(marker, dir .. ";")
    if sub ~= "" then
      return vim.fn.fnamemodify(sub, ":p:h:h")
    end
  end
  return dir
end

--- Empty Lua tables would be sent as JSON arrays or objects depending on the
--- encoder; drop them so that the server never sees "kinds": {}.
local function prune(t)
  if type(t) ~= "table" then
    return t
  end
  local out = {}
  for k, v in pairs(t) do
    v = prune(v)
    if type(v) ~= "table" or next(v) ~= nil then
      out[k] = v
    end
  end
  return out
end

--- omnifunc completes from policyls for 'omnifunc' (<C-x><C-o>). Neovim
--- before 0.10 needs it: its vim.lsp.omnifunc ignores an item's textEdit
--- range whenever the item has a filterText, and then inserts the item's
--- text at the start of the keyword, so after `"ses:` choosing an action
--- wrote `"ses:"ses:SendEmail"`. policyls gives every item of one response
--- the same range (the string being typed, quotes included) and a filterText
--- that starts like it; this starts the completion at that range and
--- filters as the server intends (prefix, ignoring case).
local pending = nil -- the response of the last findstart call

local function utf16_to_byte(line, character)
  local ok, byte = pcall(vim.str_byteindex, line, character, true)
  return ok and byte or #line
end

function M.omnifunc(findstart, base)
  local bufnr = vim.api.nvim_get_current_buf()
  if findstart == 1 then
    pending = nil
    local cursor = vim.api.nvim_win_get_cursor(0)
    local line = vim.api.nvim_get_current_line()
    local params = vim.lsp.util.make_position_params()
    local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/completion", params, 2000) or {}
    local items = {}
    for client_id, response in pairs(responses) do
      local client = vim.lsp.get_client_by_id(client_id)
      if response.result and client and client.name == options.name then
        for _, item in ipairs(response.result.items or response.result) do
          table.insert(items, item)
        end
      end
    end
    local first = items[1] and items[1].textEdit
    if not first or first.range.start.line ~= cursor[1] - 1 then
      return -3 -- nothing to complete here: leave completion mode quietly
    end
    local start = utf16_to_byte(line, first.range.start.character)
    pending = {
      items = items,
      start = start,
      -- Bytes of the replaced token after the cursor (a closing quote):
      -- complete() replaces up to the cursor only; CompleteDone removes them.
      tail = math.max(0, utf16_to_byte(line, first.range["end"].character) - cursor[2]),
    }
    return start
  end
  local out = {}
  if not pending then
    return out
  end
  local typed = base:lower()
  for _, item in ipairs(pending.items) do
    local filter = (item.filterText or item.label):lower()
    if filter:sub(1, #typed) == typed then
      local word = item.textEdit.newText
      if item.insertTextFormat == 2 then
        word = vim.lsp.util.parse_snippet(word)
      end
      local doc = item.documentation
      table.insert(out, {
        word = word,
        abbr = item.label,
        kind = vim.lsp.protocol.CompletionItemKind[item.kind] or "",
        menu = item.detail or "",
        info = type(doc) == "table" and doc.value or doc or "",
        icase = 1,
        dup = 1,
        empty = 1,
        user_data = { policyls = { tail = pending.tail, additional = item.additionalTextEdits } },
      })
    end
  end
  return out
end

--- complete_done finishes an item chosen from M.omnifunc: it removes the
--- rest of the replaced token after the cursor and applies the item's
--- additional edits (a comma its neighbours need).
local function complete_done(bufnr, client)
  local item = vim.v.completed_item
  local data = type(item) == "table" and type(item.user_data) == "table" and item.user_data.policyls
  if not data then
    return
  end
  if data.tail and data.tail > 0 then
    local row, col = unpack(vim.api.nvim_win_get_cursor(0))
    local line = vim.api.nvim_get_current_line()
    vim.api.nvim_buf_set_text(bufnr, row - 1, col, row - 1, math.min(#line, col + data.tail), {})
  end
  if data.additional and #data.additional > 0 then
    vim.lsp.util.apply_text_edits(data.additional, bufnr, client.offset_encoding or "utf-16")
  end
end

--- on_attach sets up a buffer for Neovim before 0.10, which has no LSP
--- defaults: M.omnifunc as 'omnifunc', K for hover and gra for code actions,
--- each only where the user has not set one. From 0.10 on Neovim's own
--- defaults do this (and its omnifunc handles the ranges).
function M.on_attach(client, bufnr)
  if vim.fn.has("nvim-0.10") == 1 then
    return
  end
  if vim.bo[bufnr].omnifunc == "" then
    vim.bo[bufnr].omnifunc = "v:lua.require'policyls'.omnifunc"
    vim.api.nvim_create_autocmd("CompleteDone", {
      buffer = bufnr,
      callback = function()
        complete_done(bufnr, client)
      end,
    })
  end
  local function map(lhs, rhs, desc)
    if vim.fn.mapcheck(lhs, "n") == "" then
      vim.keymap.set("n", lhs, rhs, { buffer = bufnr, desc = desc })
    end
  end
  map("K", vim.lsp.buf.hover, "policyls: hover")
  map("gra", vim.lsp.buf.code_action, "policyls: code actions")
end

--- config returns the client configuration for a buffer: what
--- vim.lsp.start or vim.lsp.start_client take. The settings go to the server
--- as initializationOptions and answer its workspace/configuration request.
function M.config(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr or 0)
  local settings = prune(options.settings)
  return {
    name = options.name,
    cmd = options.cmd,
    root_dir = M.root_dir(path ~= "" and path or vim.fn.getcwd() .. "/x"),
    settings = settings,
    init_options = settings,
    on_attach = function(client, buf)
      M.on_attach(client, buf)
      if options.on_attach then
        options.on_attach(client, buf)
      end
    end,
    capabilities = options.capabilities,
  }
end

-- Clients started on 0.7, by root directory.
local clients = {}

local function start_0_7(bufnr, config)
  local id = clients[config.root_dir]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    if not id then
      vim.notify("policyls: could not start " .. table.concat(config.cmd, " "), vim.log.levels.ERROR)
      return nil
    end
    clients[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- start starts (or reuses) the client for a buffer and attaches it. It
--- returns the client id, or nil when the server could not be started.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.api.nvim_buf_get_option(bufnr, "buftype") ~= "" then
    return nil
  end
  local cmd = options.cmd[1]
  if vim.fn.executable(cmd) ~= 1 then
    if not M._warned then
      M._warned = true
      vim.notify(
        "policyls: cannot find the language server '" .. cmd .. "'. Install it with "
          .. "`go install github.com/policyls/policyls/cmd/policyls@latest` or set cmd in setup().",
        vim.log.levels.WARN
      )
    end
    return nil
  end
  local config = M.config(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  return start_0_7(bufnr, config)
end

--- setup records the options and starts policyls for JSON buffers, the ones
--- already open included.
function M.setup(opts)
  options = vim.tbl_deep_extend("force", vim.deepcopy(defaults), opts or {})
  local group = vim.api.nvim_create_augroup("policyls", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.tbl_contains(M.filetypes, vim.api.nvim_buf_get_option(buf, "filetype")) then
      M.start(buf)
    end
  end
end

--- lsp_config is the Neovim 0.11 vim.lsp.config form (lsp/policyls.lua
--- returns it): root_markers instead of a root_dir, and the settings (set
--- with vim.lsp.config("policyls", { settings = ... })) also sent as
--- initializationOptions.
function M.lsp_config()
  return {
    cmd = { "policyls" },
    filetypes = M.filetypes,
    root_markers = M.root_markers,
    before_init = function(params, config)
      if config.settings and next(config.settings) ~= nil then
        params.initializationOptions = config.settings
      end
    end,
  }
end

return M
