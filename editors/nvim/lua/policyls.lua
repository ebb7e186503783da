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
M.filetypes = { "json" }

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
    on_attach = options.on_attach,
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
